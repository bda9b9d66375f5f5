"""logscan: read the service's log files from the command line."""
