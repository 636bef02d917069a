import sys

try:
    from deckgen.cli import main
except KeyboardInterrupt:  # Ctrl+C while deckgen loads: as in a command, one line and exit code 130
    sys.stderr.write("interrupted; nothing half written\n")
    raise SystemExit(130) from None

main()
