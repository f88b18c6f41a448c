"""kursrom: lead live group sessions of job-seeker and career-guidance courses from a terminal."""

__version__ = "0.1.0"
