"""One module per slide kind (title, issue, overview, annex, closing), and chrome: what every slide shares."""
