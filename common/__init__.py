"""Plain libraries the apps share: text tidying, video embeds, pagination, date and time
formats, the JSON-LD pieces every page has, HTTP helpers. Nothing here knows a model of ours
or imports an app: see the layout rule in the README."""
