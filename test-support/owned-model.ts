// A PostGIS data model as PUM's users keep one (the TEKSI shape, small):
// owned by a non-superuser role, its schemas, tables, view, sequence and
// function granted to reader roles, which are the permission model; and what
// a database says of its owners and privileges, to compare two of them.
import type { TestServer } from './pg-server.ts'

/** The model's owner, a role that logs in (not a superuser). */
export const MODEL_OWNER = 'tww_sysadmin'
const MODEL_OWNER_PASSWORD = 'Tww-sysadmin-pw-5Lk'
const SCHEMAS = ['tww_od', 'tww_vl', 'tww_app']

/** Creates the owner and the readers (those missing: roles belong to the cluster). */
const MODEL_ROLES = `DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${MODEL_OWNER}') THEN
    CREATE ROLE ${MODEL_OWNER} LOGIN PASSWORD '${MODEL_OWNER_PASSWORD}';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tww_viewer') THEN
    CREATE ROLE tww_viewer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tww_user') THEN
    CREATE ROLE tww_user NOLOGIN;
  END IF;
END$$`

// run by the owner in its own database, where a DBA created PostGIS
const MODEL = `
SET ROLE ${MODEL_OWNER};
CREATE SCHEMA tww_od;
CREATE SCHEMA tww_vl;
CREATE SCHEMA tww_app;
CREATE TABLE tww_vl.status(code int PRIMARY KEY, label text NOT NULL);
INSERT INTO tww_vl.status VALUES (1, 'planned'), (2, 'built');
CREATE TABLE tww_od.wastewater_node(
  obj_id serial PRIMARY KEY,
  status int REFERENCES tww_vl.status(code),
  situation_geometry geometry(PointZ, 2056) NOT NULL
);
CREATE INDEX ON tww_od.wastewater_node USING gist (situation_geometry);
INSERT INTO tww_od.wastewater_node(status, situation_geometry)
  SELECT 1 + g % 2, ST_SetSRID(ST_MakePoint(2600000 + g, 1200000 + g, 400), 2056)
  FROM generate_series(1, 50) g;
CREATE FUNCTION tww_app.node_count() RETURNS bigint LANGUAGE sql
  AS 'SELECT count(*) FROM tww_od.wastewater_node';
CREATE VIEW tww_app.vw_node AS
  SELECT n.obj_id, s.label, ST_AsText(n.situation_geometry) AS wkt
  FROM tww_od.wastewater_node n JOIN tww_vl.status s ON s.code = n.status;
GRANT USAGE ON SCHEMA tww_od, tww_vl, tww_app TO tww_viewer, tww_user;
GRANT SELECT ON ALL TABLES IN SCHEMA tww_od, tww_vl, tww_app TO tww_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA tww_od TO tww_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA tww_od TO tww_user;
REVOKE EXECUTE ON FUNCTION tww_app.node_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tww_app.node_count() TO tww_viewer;
RESET ROLE;
`

/**
 * Makes `db` the model's: the roles, the database given to its owner,
 * PostGIS created by the superuser (the DBA), the model by the owner.
 */
export async function seedOwnedModel(
  server: TestServer,
  db: string
): Promise<void> {
  await server.psql('postgres', MODEL_ROLES)
  await preparedFor(server, db)
  await server.psql(db, MODEL)
}

/** What a DBA does for the owner: the database is the owner's, PostGIS in it. */
export async function preparedFor(
  server: TestServer,
  db: string
): Promise<void> {
  await server.psql(
    'postgres',
    `ALTER DATABASE "${db}" OWNER TO ${MODEL_OWNER}`
  )
  await server.psql(db, 'CREATE EXTENSION IF NOT EXISTS postgis')
}

/** A connection to `db` as the model's owner. */
export function asModelOwner(server: TestServer, db: string): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host
  return `postgresql://${MODEL_OWNER}:${MODEL_OWNER_PASSWORD}@${host}:${server.port}/${db}`
}

/** One object of the model: its kind and name, who owns it, its ACL ('-': none). */
export interface Permission {
  object: string
  owner: string
  acl: string
}

const IN_MODEL = `IN (${SCHEMAS.map(s => `'${s}'`).join(', ')})`

/** The owners and ACLs of the model's schemas, relations and functions in `db`. */
export async function permissions(
  server: TestServer,
  db: string
): Promise<Permission[]> {
  const text = await server.psql(
    db,
    `SELECT object || '|' || owner || '|' || acl FROM (
      SELECT 'schema ' || nspname AS object, pg_get_userbyid(nspowner) AS owner,
        coalesce(nspacl::text, '-') AS acl
      FROM pg_namespace WHERE nspname ${IN_MODEL}
      UNION ALL
      SELECT 'relation ' || n.nspname || '.' || c.relname || ' (' || c.relkind::text || ')',
        pg_get_userbyid(c.relowner), coalesce(c.relacl::text, '-')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname ${IN_MODEL}
      UNION ALL
      SELECT 'function ' || p.oid::regprocedure::text,
        pg_get_userbyid(p.proowner), coalesce(p.proacl::text, '-')
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname ${IN_MODEL}
    ) o ORDER BY 1`
  )
  return text.split('\n').map(line => {
    const [object, owner, acl] = line.split('|')
    return { object, owner, acl }
  })
}
