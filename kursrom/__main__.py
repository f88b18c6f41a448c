import sys

from kursrom.cli import main

sys.exit(main())
