// A mistake in what the user gave us (model, options, inputs, paths): a TinyonnxError with a
// `code` and a one-line message. The CLI prints the message and exits 1; anything else is our
// bug (exit 2). UserError is the same class under the name existing checks (`e.name`) look for.
export type ErrorCode =
  | 'INVALID_INPUT'      // the model, an input or an option value is wrong (the message says which)
  | 'INVALID_OPTION'     // an option is unknown, missing or out of range
  | 'NOT_FOUND'          // a path the user named does not exist
  | 'FS_ERROR'           // a path the user named cannot be read or written
  | 'BUDGET_EXCEEDED';

export class TinyonnxError extends Error {
  code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'INVALID_INPUT') {
    super(message.replace(/\s*\n\s*/g, ' '));   // always one line
    this.name = 'UserError';
    this.code = code;
  }
}

export { TinyonnxError as UserError };

export function userError(message: string, code: ErrorCode = 'INVALID_INPUT'): never {
  throw new TinyonnxError(message, code);
}

export function isUserError(e: any): e is TinyonnxError {
  return e instanceof TinyonnxError || (!!e && e.name === 'UserError');
}

var FS_WHY: Record<string, string> = {
  ENOENT: 'no such file or folder', EISDIR: 'is a folder, not a file', ENOTDIR: 'a part of this path is a file, not a folder',
  EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long', ENOSPC: 'no space left on the device', EEXIST: 'already exists', ENOTEMPTY: 'folder not empty',
  EBUSY: 'busy', EMFILE: 'too many open files', ELOOP: 'too many symbolic links',
};

/** A filesystem error on a path the user gave, as one line naming the path; other errors pass through. */
export function fsError(e: any, file: string, doing: string): never {
  if (e && typeof e.code === 'string' && FS_WHY[e.code])
    throw new TinyonnxError(`${file}: cannot ${doing}: ${FS_WHY[e.code]}`, e.code === 'ENOENT' ? 'NOT_FOUND' : 'FS_ERROR');
  throw e;
}

// A name from a model or the user, quoted on one line: control characters, backslashes and
// quotes escaped as in JSON, so one error stays one line whatever the name holds.
export function oneLine(name: any): string {
  var s = JSON.stringify(String(name === undefined || name === null ? '' : name));
  return "'" + s.slice(1, -1).replace(/'/g, "\\'") + "'";
}
