import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainServerMessage, knownServerError } from './server-messages';

describe('explainServerMessage', () => {
  it('reads the validation messages Chatwoot and our server send', () => {
    expect(explainServerMessage('Email has already been taken')).toEqual([{ code: 'taken', attribute: 'email', params: {} }]);
    expect(explainServerMessage('Phone number has already been taken')).toEqual([{ code: 'taken', attribute: 'phone_number', params: {} }]);
    expect(explainServerMessage("Content can't be blank")).toEqual([{ code: 'blank', attribute: 'content', params: {} }]);
    expect(explainServerMessage('Title is too long (maximum is 255 characters)')).toEqual([{ code: 'tooLong', attribute: 'title', params: { max: 255 } }]);
    expect(explainServerMessage('Color is invalid')).toEqual([{ code: 'invalid', attribute: 'color', params: {} }]);
  });

  it('reads several joined messages, all or nothing', () => {
    expect(explainServerMessage("Name can't be blank, Identifier has already been taken")).toEqual([
      { code: 'blank', attribute: 'name', params: {} },
      { code: 'taken', attribute: 'identifier', params: {} },
    ]);
    expect(explainServerMessage("Name can't be blank, something else went wrong")).toBeNull();
  });

  it('leaves anything else alone', () => {
    for (const other of ['', 'Internal server error', 'Unsupported operation for this channel', 'has already been taken', '<img src=x onerror=alert(1)> is invalid', 'x'.repeat(3000) + ' is invalid']) {
      expect(explainServerMessage(other)).toBeNull();
    }
  });

  it('never throws and only returns attribute keys made of lower-case letters, digits and underscores', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parts = explainServerMessage(text);
        if (parts) for (const part of parts) expect(part.attribute).toMatch(/^[a-z][a-z0-9_]*$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('knownServerError', () => {
  it('names the fixed refusals of Chatwoot and our server', () => {
    expect(knownServerError('Invalid Access Token')).toBe('invalidToken');
    expect(knownServerError(' invalid access token ')).toBe('invalidToken');
    expect(knownServerError('You are not authorized to access this account')).toBe('otherAccount');
    // Our server's 403 to an agent creating a label (server/src/http/errors.ts FORBIDDEN_ACTION).
    expect(knownServerError('You are not authorized to do this action')).toBe('forbiddenAction');
    expect(knownServerError('Resource could not be found')).toBe('accountNotFound');
  });

  it('leaves any other text alone, including one that merely contains a known one', () => {
    expect(knownServerError('Email has already been taken')).toBeNull();
    expect(knownServerError('HTTP 401')).toBeNull();
    expect(knownServerError('Invalid Access Token, and more')).toBeNull();
    // Words before a known refusal make it another message (a sentence that quotes it, say).
    fc.assert(fc.property(fc.string(), (text) => knownServerError(`Server: ${text}`) === null));
  });
});
