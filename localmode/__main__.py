"""`python -m localmode` (what `make run` calls): the whole service on 127.0.0.1."""

from localmode.runner import main

raise SystemExit(main())
