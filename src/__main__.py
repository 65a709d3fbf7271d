from postmortem.cli import main

raise SystemExit(main())
