"""SecretStr keeps a signing key out of reprs, logs, JSON and error messages.

Run: uv run python examples/02_secrets.py
"""

from __future__ import annotations

import logging
import sys

from settings_demo import ConfigError, load_settings

KEY = "an-example-key-of-forty-characters-long!"


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="log: %(message)s")
    settings = load_settings(
        env_file=None, env="prod", links={"base_url": "https://cdn.example/"}, signing_key=KEY
    )
    print("repr:", repr(settings.signing_key))
    print("json:", settings.model_dump_json(include={"signing_key"}))
    logging.getLogger("signer").info("signing with %s", settings.signing_key)
    print("used:", len(settings.signing_key.get_secret_value()), "characters, on purpose")
    try:
        load_settings(
            env_file=None,
            env="prod",
            links={"base_url": "https://cdn.example/"},
            signing_key=KEY[:9],
        )
    except ConfigError as exc:
        print(exc.report())
        print("the rejected key is in the message:", KEY[:9] in str(exc.__cause__))


if __name__ == "__main__":
    main()
