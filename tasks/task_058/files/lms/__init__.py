"""Learning management: students, sections and enrolments."""
