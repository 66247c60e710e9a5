// Click-to-load video embeds: nothing is fetched from the video site until the reader asks.
(function () {
  "use strict";
  var players = {
    youtube: function (id) { return "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"; },
    vimeo: function (id) { return "https://player.vimeo.com/video/" + id + "?dnt=1&autoplay=1"; }
  };
  var validId = /^[A-Za-z0-9_-]{6,12}$/;
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".video-embed a");
    if (!link) return;
    var figure = link.parentElement;
    var player = players[figure.dataset.provider];
    var id = figure.dataset.videoId || "";
    if (!player || !validId.test(id)) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = player(id);
    frame.title = link.textContent;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    figure.replaceChildren(frame);
  });
})();
