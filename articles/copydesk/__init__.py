"""The copy desk: raw partner copy in, a clean draft with linking suggestions and a same-story
warning out. `cleaning` tidies the text, `linking` finds artists and releases, `similarity`
finds stories we already have, `importing` ties them together for the command and the admin."""
