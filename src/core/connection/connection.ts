// The connection a Dumper works through, parsed once: its facts for
// messages, and the same connection pointed at another database.
import {
  connectionFields,
  parseParams,
  type ConnectionFields
} from './parse.ts'

/** A parsed connection; `withDbname` derives others without parsing again. */
export class Connection implements ConnectionFields {
  // declared, not defined: only the fields the string has become properties
  declare readonly conninfo: string
  declare readonly password?: string
  declare readonly service?: string
  declare readonly dbname?: string
  declare readonly host?: string
  declare readonly port?: string
  declare readonly secrets?: Readonly<Record<string, string>>
  readonly #params: ReadonlyMap<string, string>

  private constructor(params: ReadonlyMap<string, string>, dbname?: string) {
    this.#params = params
    Object.assign(this, connectionFields(params, dbname))
  }

  /**
   * Parses a service name, key=value string or URI; `dbname` (unless empty)
   * replaces the database it names.
   *
   * @throws {ConnectionStringError} when the string is empty or malformed
   */
  static parse(value: string, dbname?: string): Connection {
    const connection = new Connection(parseParams(value))
    return dbname ? connection.withDbname(dbname) : connection
  }

  /** The same connection to another database (the password still apart). */
  withDbname(dbname: string): Connection {
    return new Connection(this.#params, dbname)
  }

  /** A name for the target in messages: database, service or host. */
  get target(): string {
    return (
      this.dbname ??
      (this.service
        ? `service ${this.service}`
        : (this.host ?? 'default database'))
    )
  }

  /** Where it connects, for messages: `host:port`, else the target. */
  get endpoint(): string {
    if (!this.host) return this.target
    return `${this.host}${this.port ? `:${this.port}` : ''}`
  }
}
