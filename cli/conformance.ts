export async function conformanceCommand(argv: any): Promise<number> { return 0; }
