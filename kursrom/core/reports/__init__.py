"""What happened, as reports: a session's summary, a round's report, a participant's record.

Reports are made in two steps. The store reads rows into the plain data of `inputs`
(`kursrom.store.reports`); the builders here (`session`, `round`, `record`) turn that data into the
frozen dataclasses of `data`, which the summary screen, the participant page and every export
render. Nothing here knows the database. Times stay aware UTC; `text` shows them in Europe/Oslo.
"""
