"""The copy desk: raw partner copy in, a clean draft with linking suggestions and a same-story
warning out. `cleaning` tidies the text, `linking` finds artists and releases, `similarity`
fingerprints text and `duplicates` finds the stories we already have that match it,
`importing` ties them together for the command and the admin."""
