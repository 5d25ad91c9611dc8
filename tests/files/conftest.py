import pytest

from tests.e2e.upstream import make_ca_and_leaf


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory):
    directory = tmp_path_factory.mktemp("files-ca")
    make_ca_and_leaf(directory)
    return directory
