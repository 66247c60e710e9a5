"""Test copy written by us about a fictional group, NOVA9, and its album "Blue Hour"."""

INTERVIEW_OUTLET_A = """\
NOVA9's director opens up about the "Blue Hour" video
Han Jiwoo explains why the group shot its new video on a night train.

Director Han Jiwoo sat down with us a week after the "Blue Hour" video passed ten million
views, and he was still a little surprised by the reaction.

"We had one night on the train and no second take for the tunnel scene," Han said. "When the
lights went out, all nine members kept singing, and that is the shot we used."

The video follows the members through a single overnight journey from Busan to Seoul, with
each carriage lit in a different colour for each verse.

"I wanted the colour to change the way the sky changes just before dawn," he added. "That
blue moment lasts maybe ten minutes, and the song is about holding on to it."

Han said the choreography was rehearsed in a parking garage so the members could practise
in a narrow space. "If they could dance between the pillars, they could dance between the
seats," he said.
"""

INTERVIEW_OUTLET_B = """\
How a night train became NOVA9's "Blue Hour"
In an interview, director Han Jiwoo walks through the making of the hit video.

The "Blue Hour" music video was filmed in one night aboard a moving train, its director
told reporters this week.

"We had one night on the train and no second take for the tunnel scene," Han said. "When the
lights went out, all nine members kept singing, and that is the shot we used."

According to Han, the palette was planned around dawn. "I wanted the colour to change the
way the sky changes just before dawn," he said. "That blue moment lasts maybe ten minutes,
and the song is about holding on to it."

Rehearsals took place in an underground car park. "If they could dance between the pillars,
they could dance between the seats," Han explained.

The video has passed ten million views since its release.
"""

ALBUM_REVIEW = """\
Review: NOVA9's "Blue Hour" is their most confident album yet
Nine tracks, no filler, and a closing ballad that earns its length.

"Blue Hour" opens with a synth line that sounds like a train leaving the station, and the
album rarely slows down after that.

NOVA9 have always been a vocal group first, and the harmonies on the title track show why:
nine voices, each given room, none of them lost in the mix.

The middle of the record leans on disco bass and handclaps. "Neon Platform" is the standout,
a song built for a stadium crowd singing back the chorus.

The closing ballad, "Last Carriage", runs for five minutes and never drags. It is the best
thing the group has recorded.
"""

TRACKLIST_NEWS = """\
NOVA9 reveal the tracklist for "Blue Hour"
The nine-song album arrives on Friday at 1 PM KST.

NOVA9 have shared the full tracklist for their new album "Blue Hour", which will be
released on Friday at 1 PM KST.

The album opens with "Departure" and closes with the ballad "Last Carriage". The title track
sits in the middle of the record.

Pre-orders for the physical album open today, with three cover versions to choose from.
"""
