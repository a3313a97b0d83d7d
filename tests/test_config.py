"""Settings come from the environment or `.env`; secrets stay secret."""

from pathlib import Path

import pytest
from prefect.blocks.system import Secret

from pipeline.config import Settings, SettingsError


def test_environment_variables_configure_the_endpoints(isolated_settings) -> None:
    isolated_settings.setenv("PURE_INTERFACE", "api")
    isolated_settings.setenv("PURE_API_URL", "https://pure.example.edu/ws/api")
    isolated_settings.setenv("ORCID_CLIENT_ID", "APP-ABCDEFGHIJKLMNOP")
    settings = Settings()
    assert settings.pure_interface == "api"
    assert str(settings.pure_api_url) == "https://pure.example.edu/ws/api"
    assert settings.orcid_client_id == "APP-ABCDEFGHIJKLMNOP"
    assert str(settings.orcid_public_api_url) == "https://pub.orcid.org/v3.0"


def test_a_dotenv_file_is_read(isolated_settings, tmp_path: Path) -> None:
    isolated_settings.delenv("PURE_ORCID_DATA_DIR")
    (tmp_path / ".env").write_text("PURE_API_KEY=from-dotenv\nPURE_ORCID_DATA_DIR=/srv/pos\n")
    settings = Settings()
    assert settings.secret("pure_api_key") == "from-dotenv"
    assert settings.data_dir == Path("/srv/pos")


def test_secrets_never_show_in_the_settings_repr(isolated_settings) -> None:
    isolated_settings.setenv("PURE_API_KEY", "pure-key-123")
    isolated_settings.setenv("ORCID_CLIENT_SECRET", "orcid-secret-456")
    isolated_settings.setenv("DATABASE_URL", "postgresql://u:db-pass-789@h/d")
    shown = repr(Settings()) + str(Settings()) + Settings().model_dump_json()
    for secret in ("pure-key-123", "orcid-secret-456", "db-pass-789"):
        assert secret not in shown


def test_a_missing_secret_names_the_variable(isolated_settings) -> None:
    with pytest.raises(SettingsError, match="ORCID_CLIENT_SECRET"):
        Settings().secret("orcid_client_secret")


def test_an_unknown_pure_interface_is_refused(isolated_settings) -> None:
    isolated_settings.setenv("PURE_INTERFACE", "ws999")
    with pytest.raises(ValueError, match="pure_interface"):
        Settings()


def test_an_environment_variable_wins_over_dotenv(isolated_settings, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PURE_API_KEY=from-dotenv\n")
    isolated_settings.setenv("PURE_API_KEY", "from-environment")
    assert Settings().secret("pure_api_key") == "from-environment"


def test_secrets_can_come_from_prefect_secret_blocks(isolated_settings, prefect_api) -> None:
    isolated_settings.setenv("PURE_API_KEY_BLOCK", "pure-api-key")
    isolated_settings.setenv("ORCID_CLIENT_SECRET_BLOCK", "no-such-block")
    Secret(value="key-from-prefect").save("pure-api-key", overwrite=True)
    settings = Settings()
    assert settings.secret("pure_api_key") == "key-from-prefect"
    with pytest.raises(SettingsError, match="no-such-block"):
        settings.secret("orcid_client_secret")


def test_env_example_documents_every_setting() -> None:
    documented = Path(__file__).parents[1].joinpath(".env.example").read_text()
    for field in Settings.model_fields:
        name = "PURE_ORCID_DATA_DIR" if field == "data_dir" else field.upper()
        assert f"{name}=" in documented, name
