"""svclog: read our services' log files and build the on-call digest."""
