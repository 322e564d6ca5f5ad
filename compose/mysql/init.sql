-- The course's MySQL/MariaDB user and database. Idempotent: compose runs it once on a new
-- volume; .ci/run runs it on every CI start (as root) against the machine's MariaDB.
CREATE DATABASE IF NOT EXISTS course;
CREATE USER IF NOT EXISTS 'course'@'%' IDENTIFIED BY 'course';
GRANT ALL PRIVILEGES ON course.* TO 'course'@'%';
-- Tests create a throwaway database per test, named t_<hex>; the pattern grant lets `course`
-- create and drop exactly those, and nothing else.
GRANT ALL PRIVILEGES ON `t\_%`.* TO 'course'@'%';
FLUSH PRIVILEGES;
