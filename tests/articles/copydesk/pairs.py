"""Pairs of write-ups to judge the same-story warning by, all written for these tests about
fictional acts.

SAME_EVENT: two outlets' independent write-ups of one interview or event: other wording, the
same quotes (some trimmed or re-punctuated), names, places and dates.
DIFFERENT_EVENTS: two stories about the same artist or release that report different events:
they share names, sometimes a well-known line, never the event. Neither may be flagged.
"""

SAME_EVENT = [
    (
        """\
Lumina's leader on the long road to "Paper Moon"
Seo Ji-hoon told Weekly Stage why the quintet waited two years for a full album.

Lumina leader Seo Ji-hoon spoke to Weekly Stage in Seoul on March 2, days before the group's
first full-length record, "Paper Moon", reaches stores.

"We threw away thirty songs before we found the eleven that sounded like us," Seo said. He
called the wait painful but necessary. "Nobody in the studio wanted to release something
half finished, so we kept writing until the winter was over."

The album closes with a piano piece recorded in a single take at a church in Jeonju.
""",
        """\
Thirty songs scrapped: Lumina's Seo Jihoon on the making of Paper Moon
The leader says the group rewrote its debut album through a whole winter.

Speaking with the magazine Weekly Stage on 2 March, Seo Ji Hoon of Lumina explained the delay
behind "Paper Moon", the quintet's first full album.

According to Seo, the members discarded a mountain of material. "We threw away thirty songs
before we found the eleven that sounded like us." Asked whether the gap worried the fans, he
answered that nobody in the studio wanted to release something half finished. "So we kept
writing until the winter was over," he said.

A closing piano track was captured in one take inside a Jeonju church, he added.
""",
    ),
    (
        """\
Orbit Kids' Mina Park breaks down in tears at Osaka fan meeting
The vocalist thanked fans for waiting out her year-long hiatus.

Mina Park of Orbit Kids returned to the stage at the Osaka Castle Hall on 14 September, her
first appearance since a knee operation last autumn.

"I was afraid you had forgotten my voice, but you sang every line back to me," Park told the
audience, before pausing to wipe her eyes. "From now on, I want to run towards you instead of
watching from the hospital bed."

The show ended with the quartet's debut single, "Satellite Heart".
""",
        """\
"You sang every line back to me": Mina Park's emotional comeback in Osaka
Orbit Kids' singer returned after surgery, and the hall answered.

It was an evening of tears at Osaka Castle Hall on September 14 as Orbit Kids vocalist Mina
Park stepped onto a stage for the first time in nearly a year.

Park, who underwent knee surgery last autumn, confessed her fear to the crowd. "I was afraid
you had forgotten my voice," she said. "But you sang every line back to me."

She went on: "From now on I want to run towards you, instead of watching from the hospital
bed." The quartet closed with "Satellite Heart", the song they debuted with.
""",
    ),
    (
        """\
Hyperion Records chief defends new contract terms for trainees
CEO Baek Sung-min spoke to Daily Pop after criticism from a labour group.

Baek Sung-min, chief executive of Hyperion Records, rejected claims that the agency's new
trainee contracts are unfair, in an interview published by Daily Pop on 2024-11-05.

"Every trainee can leave after twelve months without paying back a single won," Baek said.
"We are the first agency in Gangnam to put that in writing, and I am proud of it."

The Korean Entertainment Workers Union had called the contracts a trap for teenagers.
""",
        """\
Hyperion boss says trainees are free to walk away after a year
Baek Sungmin answers the union's complaints in a newspaper interview.

Hyperion Records' head Baek Sung Min has hit back at the Korean Entertainment Workers Union,
which described his company's contracts as a trap for teenagers.

In comments to Daily Pop on November 5, Baek insisted: "Every trainee can leave after twelve
months without paying back a single won." He added that Hyperion was "the first agency in
Gangnam to put that in writing".

"And I am proud of it," he said.
""",
    ),
    (
        """\
Velvet Arrow announce first European tour from a Berlin record shop
The five-piece surprised shoppers with an acoustic set on Saturday.

Velvet Arrow turned up unannounced at Dussmann in Berlin on June 8 and used a short acoustic
set to reveal their first European tour, which opens in Lisbon in October.

"Europe was always the dream, since we were kids watching concert clips on tiny phones,"
said leader Choi Yuna. Guitarist Kang Dae-ho joked that the band had "practised German for
three weeks and forgot all of it on the train".

Tickets go on sale through the band's official fan club first.
""",
        """\
Surprise Berlin set: Velvet Arrow reveal Europe dates
The group played four songs in a bookshop before telling fans where they will tour.

Shoppers at Berlin's Dussmann store got an unexpected concert on 8 June when Velvet Arrow
performed four acoustic songs and then announced their debut European tour, starting in
Lisbon this October.

Choi Yuna, the group's leader, said Europe was always the dream, "since we were kids
watching concert clips on tiny phones". Kang Daeho, on guitar, admitted they had practised
German for three weeks "and forgot all of it on the train."

Fan club members will get the first chance at tickets.
""",
    ),
    (
        """\
Jung Ha-eun wins best actress in Busan for debut film role
The former Starlight member thanked her old bandmates from the stage.

Singer turned actress Jung Ha-eun took the best new actress award at the Busan Film Critics
Awards on October 21 for her part in the drama "Low Tide".

"Five years ago I could not read a script without shaking. Tonight I want to thank the four
girls who held my hand through every audition," Jung said, naming her Starlight bandmates.

Director Oh Min-jae accepted the prize for best screenplay at the same ceremony.
""",
        """\
Starlight's Haeun named best new actress for Low Tide
Jung Haeun paid tribute to her group in her acceptance speech.

The Busan Film Critics Awards on 21 October honoured Jung Haeun, once of the girl group
Starlight, as best new actress for "Low Tide".

In a tearful speech the winner recalled that five years ago she could not read a script
without shaking. "Tonight I want to thank the four girls who held my hand through every
audition," she told the hall.

"Low Tide" also earned Oh Minjae the screenplay award.
""",
    ),
    (
        """\
Dawnbreak producer Lim Tae-yang on writing for other idols
The hitmaker told K-Wave Weekly he now keeps his best songs for his own group.

Lim Tae-yang, producer and rapper of Dawnbreak, told K-Wave Weekly on January 17 that he has
stopped selling songs to other agencies.

"For years I gave away my favourite melodies and kept the leftovers," Lim said. "This year
every good idea goes to the six of us first, and the others can wait."

Dawnbreak's fourth mini album, "Northern Lights", is due on February 9.
""",
        """\
Lim Taeyang: "This year every good idea goes to the six of us first"
Dawnbreak's producer says he is done giving his best melodies away.

In an interview with K-Wave Weekly published 17 January, Dawnbreak member Lim Tae Yang
explained why other acts will no longer get first pick of his writing.

"For years I gave away my favourite melodies, and kept the leftovers!" he laughed. That has
changed. "Every good idea goes to the six of us first. The others can wait."

The group releases "Northern Lights", its fourth mini album, on 9 February.
""",
    ),
    (
        """\
「Honey Static」 singer Yoon Seo-yeon talks to Tokyo Beat
The soloist explains why her Japanese single was recorded in Sapporo.

Yoon Seo-yeon sat down with Tokyo Beat on 2025-04-30 to talk about 「Honey Static」, her first
single in Japanese, which she recorded in a small studio in Sapporo.

「I wanted snow outside the window while I sang, because the song is about a cold room that
slowly warms up」, Yoon said. She also revealed that she wrote the bridge herself 「on the back
of a train ticket between Otaru and Sapporo」.
""",
        """\
Yoon Seoyeon recorded "Honey Static" with snow outside the studio
In Tokyo Beat, the singer describes her Sapporo sessions.

Soloist Yoon Seo Yeon told Tokyo Beat on April 30 that the snow in Sapporo shaped her
Japanese debut single "Honey Static".

"I wanted snow outside the window while I sang," she explained, "because the song is about a
cold room that slowly warms up." The bridge, she said, was written "on the back of a train
ticket between Otaru and Sapporo".
""",
    ),
    (
        """\
Neon Tiger's Ryu Min-seok apologises for missed Incheon concert
The drummer says a fever, not a dispute, kept him off the stage.

Ryu Min-seok of Neon Tiger posted a handwritten letter on August 3 after missing the band's
concert at Incheon's Inspire Arena the night before.

"I had a fever of thirty-nine degrees and could not stand, let alone play," he wrote. "There
is no fight inside Neon Tiger. I will make it up to every fan in Incheon."

The agency, Bluefin Music, said a make-up show will be announced within the month.
""",
        """\
No feud, just a fever: Ryu Minseok explains Incheon absence
Neon Tiger's drummer wrote to fans after the Inspire Arena show went ahead without him.

A day after Neon Tiger played Inspire Arena without their drummer, Ryu Min Seok explained on
3 August that illness was to blame.

He had "a fever of thirty-nine degrees" and "could not stand, let alone play", his letter
said. Rumours of a falling-out were wrong: "There is no fight inside Neon Tiger."

Bluefin Music promised a make-up date for Incheon fans soon. "I will make it up to every
fan," Ryu wrote.
""",
    ),
]

DIFFERENT_EVENTS = [
    (
        """\
Lumina's "Paper Moon" tops the Hanteo weekly chart
The quintet's first full album sold 210,000 copies in its first week.

Lumina's "Paper Moon" entered the Hanteo weekly album chart at number one, selling 210,000
copies between March 6 and March 12.

The result doubles the first-week sales of the group's last mini album. Leader Seo Ji-hoon
thanked fans on the group's fan café, writing that the record belonged to them.
""",
        """\
Lumina's Paper Moon vinyl delayed by pressing plant fault
Fans who pre-ordered the record edition will wait until June.

The vinyl edition of Lumina's album "Paper Moon" has been pushed back after a fault at the
pressing plant spoiled the first batch, the agency said on Thursday.

Buyers will receive a refund option by email. The CD and digital versions are not affected,
and Seo Jihoon and the other members will sign a thousand replacement sleeves as an apology.
""",
    ),
    (
        """\
Orbit Kids announce second world tour
Twenty cities across Asia, Europe and North America from May.

Orbit Kids will begin their second world tour in Seoul in May and visit twenty cities,
including Osaka, London and Chicago, their agency announced.

Mina Park, Jae Kang, Sora Lee and Bin Yoo will perform songs from every album, and the set
will close with "Satellite Heart", the debut single fans call the group's anthem.
""",
        """\
Orbit Kids' Jae Kang to make acting debut in streaming thriller
The rapper plays a detective in an eight-episode series.

Jae Kang of Orbit Kids has been cast as a junior detective in "Grey Harbour", a thriller
filming in Mokpo this summer.

Kang, who wrote the rap verse of "Satellite Heart", said he had taken acting classes in
secret for two years. Bandmate Mina Park will make a short guest appearance.
""",
    ),
    (
        """\
Hyperion Records opens new headquarters in Seongsu
The agency moves out of Gangnam after eleven years.

Hyperion Records has moved into an eight-storey building in Seongsu, with three recording
studios, a dance hall and a dormitory for trainees.

CEO Baek Sung-min said the building was designed with the artists, who chose the colours of
every practice room.
""",
        """\
Hyperion Records signs singer-songwriter Han Bora
The agency's first soloist joins from an independent label.

Hyperion Records has signed Han Bora, whose self-produced album "Slow Tram" won praise last
year, the agency announced on Monday.

Baek Sung-min, Hyperion's chief executive, said Han would keep full control of her writing.
Her first release with the company is planned for the autumn.
""",
    ),
    (
        """\
Velvet Arrow's leader Choi Yuna to release solo single
The singer wrote the song during the band's break.

Choi Yuna of Velvet Arrow will release her first solo single, "Quiet Flame", on July 19.
The song is a slow guitar ballad she wrote alone in her apartment during the band's break.

"Europe was always the dream" — the line fans know from Velvet Arrow's first hit — returns
in the chorus as a small joke for long-time listeners.
""",
        """\
Velvet Arrow win best band at the Korean Music Awards
The five-piece beat four rock veterans for the prize.

Velvet Arrow were named best band at the Korean Music Awards in Seoul on Tuesday evening,
ahead of four older rock groups.

Choi Yuna and Kang Dae-ho accepted the trophy. Fans in the hall sang "Europe was always the
dream", the hook of the band's breakthrough song, as they walked to the stage.
""",
    ),
    (
        """\
Starlight to reunite for tenth anniversary concert
All five former members will share a stage again in December.

Girl group Starlight will hold a tenth anniversary concert at the Olympic Hall in Seoul on
December 20, reuniting all five members for the first time since they disbanded.

Jung Ha-eun, who has since become an actress, confirmed she will join rehearsals between
filming days.
""",
        """\
Jung Ha-eun cast in historical drama "Crane Gate"
The actress will play a court musician in the twelve-part series.

Former Starlight member Jung Ha-eun has joined the cast of "Crane Gate", a historical drama
set in the royal court, her agency said.

She plays a musician who plays the gayageum for the king, and has been taking lessons in
the instrument since spring. Filming starts next month.
""",
    ),
    (
        """\
Dawnbreak's "Northern Lights" music video passes 50 million views
The video was filmed in Iceland over six days.

The music video for "Northern Lights", the title track of Dawnbreak's fourth mini album,
has passed fifty million views, the fastest of any of the group's videos.

Lim Tae-yang, who produced the song, said on a live stream that the crew waited three nights
for the aurora to appear.
""",
        """\
Dawnbreak cancel Northern Lights fan signing after safety concerns
The agency says the venue was too small for the crowd expected.

A fan signing event for Dawnbreak's mini album "Northern Lights" in Daegu has been cancelled
because the venue could not hold the number of fans expected, the agency said.

Lim Tae-yang and the other five members apologised in a video message and promised an online
event with randomly chosen buyers instead.
""",
    ),
    (
        """\
Yoon Seo-yeon's "Honey Static" enters Oricon daily chart
The Korean soloist's Japanese debut single reached number four.

Yoon Seo-yeon's first Japanese single, "Honey Static", debuted at number four on the Oricon
daily singles chart, her label announced.

The single's B-side, a cover of an old city pop song, has also found listeners on Japanese
radio.
""",
        """\
Yoon Seo-yeon to sing theme for anime film
The soloist will perform the ending song of "Paper Cranes of Kyoto".

Yoon Seo-yeon will sing the ending theme for the animated film "Paper Cranes of Kyoto",
opening in Japanese cinemas next spring.

The song is written by the same team behind her debut single "Honey Static", and will be
recorded in Tokyo in December.
""",
    ),
    (
        """\
Neon Tiger add Incheon make-up concert
The band will play Inspire Arena again in September.

Neon Tiger will return to Incheon's Inspire Arena on September 14 for the concert the band
played without its drummer in August, Bluefin Music said.

Tickets from the earlier show will be valid, and Ryu Min-seok will play the full set.
""",
        """\
Neon Tiger's guitarist Kim Do-hyun enlists for military service
The band will continue as a trio until his return.

Kim Do-hyun, guitarist of Neon Tiger, began his mandatory military service on Monday, the
band's agency Bluefin Music confirmed.

Ryu Min-seok and the other members saw him off at the training camp gate. The band will play
festivals as a trio while he serves.
""",
    ),
]
