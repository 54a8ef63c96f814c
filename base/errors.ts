// A mistake in what the user gave us (model, flags, inputs). The CLI prints its message on one
// line and exits 1; anything else is our bug (exit 2).
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function userError(message: string): never {
  throw new UserError(message);
}

// A name from a model or the user, quoted on one line: control characters, backslashes and
// quotes escaped as in JSON, so one error stays one line whatever the name holds.
export function oneLine(name: any): string {
  var s = JSON.stringify(String(name === undefined || name === null ? '' : name));
  return "'" + s.slice(1, -1).replace(/'/g, "\\'") + "'";
}
