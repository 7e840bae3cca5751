import { describe, expect, it, vi } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/contact';
import type { ContactLink } from '../../../shared/deep-link';
import { ContactIndex } from '../data/index/contact-index';
import { openContactLink, type ContactLinkActions } from './contactLink';

const ANA = '0b7e3c1e-5a4f-4c2a-9d1e-2f3a4b5c6d7e';
const BEA = '1c8f4d2f-6b5a-4d3b-8e2f-3a4b5c6d7e8f';

function contact(id: string, serverId: number | null, name: string): Contact {
  return { ...emptyContactFields(), id, serverId, name, createdAt: 1, lastActivityAt: null, updatedAt: 1, version: null, base: null };
}

function setUp(shownIds: readonly string[]) {
  const index = new ContactIndex();
  index.load([contact(ANA, null, 'Ana'), contact(BEA, 42, 'Bea')]);
  const actions = {
    open: vi.fn<ContactLinkActions['open']>(),
    positionInList: vi.fn<ContactLinkActions['positionInList']>((id) => shownIds.indexOf(id)),
    reveal: vi.fn<ContactLinkActions['reveal']>(),
    notFound: vi.fn<ContactLinkActions['notFound']>(),
    invalid: vi.fn<ContactLinkActions['invalid']>(),
  };
  return { index, actions };
}

describe('openContactLink', () => {
  it('opens a contact named by its local id and scrolls the list to it', () => {
    const { index, actions } = setUp([BEA, ANA]);
    openContactLink(index, { kind: 'local', id: ANA }, actions);
    expect(actions.open).toHaveBeenCalledExactlyOnceWith(ANA);
    expect(actions.reveal).toHaveBeenCalledExactlyOnceWith(1);
    expect(actions.notFound).not.toHaveBeenCalled();
  });

  it('opens a synced contact named by the help desk’s id', () => {
    const { index, actions } = setUp([ANA, BEA]);
    openContactLink(index, { kind: 'server', serverId: 42 }, actions);
    expect(actions.open).toHaveBeenCalledExactlyOnceWith(BEA);
  });

  it('opens a contact the current search hides without scrolling the list', () => {
    const { index, actions } = setUp([]);
    openContactLink(index, { kind: 'local', id: ANA }, actions);
    expect(actions.open).toHaveBeenCalledExactlyOnceWith(ANA);
    expect(actions.reveal).not.toHaveBeenCalled();
  });

  it.each<[string, ContactLink]>([
    ['an unknown local id', { kind: 'local', id: '2d9a5e3a-7c6b-4e4c-9f3a-4b5c6d7e8f9a' }],
    ['a server id not synced here', { kind: 'server', serverId: 43 }],
  ])('says so for %s and opens nothing', (_name, link) => {
    const { index, actions } = setUp([ANA, BEA]);
    openContactLink(index, link, actions);
    expect(actions.notFound).toHaveBeenCalledExactlyOnceWith(link);
    expect(actions.open).not.toHaveBeenCalled();
  });

  it('says a link names no contact and opens nothing', () => {
    const { index, actions } = setUp([ANA, BEA]);
    openContactLink(index, { kind: 'invalid' }, actions);
    expect(actions.invalid).toHaveBeenCalledOnce();
    expect(actions.open).not.toHaveBeenCalled();
    expect(actions.notFound).not.toHaveBeenCalled();
  });
});
