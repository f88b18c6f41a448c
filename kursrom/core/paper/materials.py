"""The printed materials by the id `kursrom print` takes: the word their file names use, and what
each is. Kept apart from the rendering so the command line can list them without loading it."""

from __future__ import annotations

from kursrom.i18n import N_

#: The materials, by the id `kursrom print` takes, with the word their file names use.
MATERIALS = {
    "sign-in": N_("sign-in sheet"),  # i18n: in file names: pro-oppmoteliste-okt-2.html
    "sot": N_("SØT sheet"),  # i18n: in file names: pro-sot-ark.html
    "cards": N_("cards"),  # i18n: in file names: pro-kort.html
    "rules": N_("group rules"),  # i18n: in file names: pro-grupperegler.html
    "certificates": N_("course certificates"),  # i18n: in file names: pro-kursbevis.html
    "invitations": N_("invitations"),  # i18n: in file names: pro-invitasjoner.html
}
#: What each material is, for the print menus and `kursrom print --help`.
DESCRIPTIONS = {
    "sign-in": N_("Sign-in sheet for the session: names, a column to sign, lines for late arrivals"),
    "sot": N_("SØT sheet: blank, or filled in for one participant"),
    "cards": N_("Card-sort cards to cut out, in two languages where translated"),
    "rules": N_("The group rules as a poster"),
    "certificates": N_("Course certificates for those who attended enough sessions"),
    "invitations": N_("Invitation letters, each in the participant's language where there is a text"),
}
