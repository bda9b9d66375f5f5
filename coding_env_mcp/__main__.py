"""`python -m coding_env_mcp` is the `coding-env-mcp` command."""

import sys

from .cli.main import main

sys.exit(main())
