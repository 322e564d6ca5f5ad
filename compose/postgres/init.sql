-- The course's Postgres role and database. Idempotent: compose runs it once on a new
-- volume; .ci/run runs it on every CI start against the machine's own server (as a superuser,
-- through psql, which understands \gexec).
SELECT 'CREATE ROLE course LOGIN CREATEDB PASSWORD ''course'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'course')\gexec

SELECT 'CREATE DATABASE course OWNER course'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'course')\gexec
