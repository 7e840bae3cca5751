export type RepositoryErrorCode = 'not-found' | 'duplicate' | 'invalid';

export class RepositoryError extends Error {
  override readonly name = 'RepositoryError';
  readonly code: RepositoryErrorCode;
  constructor(code: RepositoryErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

