/** A bad argument or unreadable input, with a message that says what to do: the CLI prints it and exits 2. */
export class InputError extends Error {}
