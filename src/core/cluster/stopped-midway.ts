// What a restore of several databases that failed on one of them says: which
// database failed, which were restored before it and which were not tried.

/**
 * The error of the restore into `names[failed]`, its message opened with
 * where the restore of several stopped. Its type and fields are kept (the
 * front ends name it); anything but an Error, or a restore of one
 * database, is returned as it is.
 */
export function stoppedMidway(
  error: unknown,
  folder: string,
  names: readonly string[],
  failed: number
): unknown {
  if (!(error instanceof Error) || names.length < 2) return error
  const done = names.slice(0, failed)
  const rest = names.slice(failed + 1)
  const list = (items: readonly string[]) =>
    `${items.join(', ')} ${items.length === 1 ? 'was' : 'were'}`
  error.message =
    `Restoring the ${names.length} databases of ${folder} stopped at ${names[failed]} (the ${ordinal(failed + 1)}): ` +
    `${done.length ? `${list(done)} restored before it` : 'none was restored before it'}, ` +
    `${rest.length ? `${list(rest)} not attempted` : 'it was the last'}.\n${error.message}`
  return error
}

function ordinal(n: number): string {
  const tens = n % 100
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}
