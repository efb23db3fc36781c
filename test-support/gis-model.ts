// A small GIS model shaped like TEKSI's, and a fingerprint of its rows and
// geometries, shared by the tests that dump and restore it.

// A model shaped like PUM users' ones: several schemas, one mixed-case,
// geometries in two SRIDs with GiST indexes, views, a trigger, foreign keys.
export const MODEL = `
CREATE EXTENSION postgis;
CREATE SCHEMA "TWW_od";
CREATE SCHEMA tww_vl;
CREATE SCHEMA tww_app;
CREATE TABLE tww_vl.status(code int PRIMARY KEY, label text NOT NULL);
INSERT INTO tww_vl.status VALUES (1, 'planned'), (2, 'built'), (3, 'abandoned');
CREATE TABLE "TWW_od"."Wastewater_Node"(
  obj_id text PRIMARY KEY,
  status int REFERENCES tww_vl.status(code),
  situation_geometry geometry(PointZ, 2056) NOT NULL,
  last_modification timestamptz
);
CREATE TABLE "TWW_od".reach(
  obj_id text PRIMARY KEY,
  from_node text REFERENCES "TWW_od"."Wastewater_Node"(obj_id),
  to_node text REFERENCES "TWW_od"."Wastewater_Node"(obj_id),
  progression_geometry geometry(LineString, 2056),
  wgs84 geometry(LineString, 4326)
);
CREATE INDEX ON "TWW_od"."Wastewater_Node" USING gist (situation_geometry);
CREATE INDEX ON "TWW_od".reach USING gist (progression_geometry);
CREATE INDEX ON "TWW_od".reach USING gist (wgs84);
INSERT INTO "TWW_od"."Wastewater_Node"
  SELECT 'n' || g, 1 + g % 3,
    ST_SetSRID(ST_MakePoint(2600000 + g * 10.5, 1200000 + g * 3.25, 400 + g), 2056), now()
  FROM generate_series(1, 300) g;
INSERT INTO "TWW_od".reach
  SELECT 'r' || g, 'n' || g, 'n' || (g + 1),
    ST_SetSRID(ST_MakeLine(ST_MakePoint(2600000 + g * 10.5, 1200000 + g * 3.25),
      ST_MakePoint(2600000 + (g + 1) * 10.5, 1200000 + (g + 1) * 3.25)), 2056),
    ST_SetSRID(ST_MakeLine(ST_MakePoint(7.4 + g / 1e4, 46.9), ST_MakePoint(7.4 + (g + 1) / 1e4, 46.9)), 4326)
  FROM generate_series(1, 299) g;
CREATE FUNCTION tww_app.touch() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN NEW.last_modification := now(); RETURN NEW; END$$;
CREATE TRIGGER touch BEFORE UPDATE ON "TWW_od"."Wastewater_Node"
  FOR EACH ROW EXECUTE FUNCTION tww_app.touch();
CREATE VIEW tww_app.vw_reach AS
  SELECT r.obj_id, s.label, ST_Length(r.progression_geometry) AS length
  FROM "TWW_od".reach r JOIN "TWW_od"."Wastewater_Node" n ON n.obj_id = r.from_node
  JOIN tww_vl.status s ON s.code = n.status;
`

// rows and geometries, bit for bit, of every table of the model
export const FINGERPRINT = `SELECT string_agg(t, ' ' ORDER BY t) FROM (
  SELECT 'node:' || count(*) || ':' || md5(string_agg(obj_id || status || ST_AsEWKB(situation_geometry)::text, ',' ORDER BY obj_id)) AS t FROM "TWW_od"."Wastewater_Node"
  UNION ALL SELECT 'reach:' || count(*) || ':' || md5(string_agg(obj_id || ST_AsEWKB(progression_geometry)::text || ST_AsEWKB(wgs84)::text, ',' ORDER BY obj_id)) FROM "TWW_od".reach
  UNION ALL SELECT 'status:' || count(*) FROM tww_vl.status
  UNION ALL SELECT 'view:' || round(sum(length)::numeric, 3) FROM tww_app.vw_reach
  UNION ALL SELECT 'gist:' || count(*) FROM pg_indexes WHERE indexdef LIKE '%USING gist%' AND schemaname = 'TWW_od'
  UNION ALL SELECT 'trigger:' || count(*) FROM pg_trigger WHERE tgname = 'touch'
  UNION ALL SELECT 'srids:' || string_agg(DISTINCT srid::text, '/') FROM geometry_columns WHERE f_table_schema = 'TWW_od'
) f`
