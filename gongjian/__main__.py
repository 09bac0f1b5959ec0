"""`python -m gongjian` runs the command line."""

from gongjian.cli import main

if __name__ == "__main__":
    main()
