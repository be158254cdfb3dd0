-- Quiétude: the database and its roles on PostgreSQL 15+ with PostGIS 3 (docs/deploy.md).
-- Run once, as a superuser, with psql:
--   psql -v ON_ERROR_STOP=1 -v db=quietude -v owner=quietude_owner -v owner_password='…' \
--        -v web=quietude_web -v web_password='…' \
--        [-v backup=quietude_backup -v backup_password='…'] -f deploy/setup-database.sql
-- Running it again changes nothing that exists (roles and database are created only when missing).
--
-- Three roles, each with the least it needs:
--   owner         owns the database and its tables; runs `quietude migrate`. Not a superuser, cannot
--                 create roles or databases, does not bypass row-level security (forced on its tables too).
--   quietude_app  NOLOGIN: the role every request switches to inside its transaction; the migrations
--                 grant it exactly the tables it may use, and row-level security applies to it.
--   web           what the application instances log in as: a member of quietude_app, owning nothing,
--                 so it can neither change the schema nor escape row-level security.
--   backup        optional (-v backup=…): reads every tenant's rows for `quietude backup` and pg_dump —
--                 BYPASSRLS with pg_read_all_data, owning nothing. A restore server also grants it
--                 pg_write_all_data for the time of the restore (docs/deploy.md § 5).
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', :'owner', :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec

SELECT 'CREATE ROLE quietude_app NOLOGIN NOSUPERUSER NOBYPASSRLS'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'quietude_app') \gexec

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', :'web', :'web_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'web') \gexec

\if :{?backup}
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS', :'backup', :'backup_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'backup') \gexec
GRANT pg_read_all_data TO :"backup";
\endif

-- The migrations grant quietude_app its tables, and the first one makes the owner a member of it.
GRANT quietude_app TO :"owner" WITH ADMIN OPTION;
GRANT quietude_app TO :"web";

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L LC_COLLATE %L LC_CTYPE %L TEMPLATE template0',
              :'db', :'owner', 'UTF8', 'C.UTF-8', 'C.UTF-8')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec

REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"web";
\if :{?backup}
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"backup";
\endif

\connect :"db"
-- PostGIS needs a superuser to be installed; the owner then uses it.
CREATE EXTENSION IF NOT EXISTS postgis;
-- PostgreSQL 15 already keeps CREATE on the public schema for its owner (the database owner); say it anyway.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"web";
