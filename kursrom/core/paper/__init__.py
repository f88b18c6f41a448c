"""Paper for the room: print-ready A4 pages made from a round's plain data, one HTML file a material
(the sign-in sheet, the SØT sheet, card-sort cards, the group rules as a poster, course certificates,
invitation letters). Jinja2 templates in kursrom/core/templates/paper/; what they are made from is
read by `kursrom.store.paper`, and the files are written there too."""
