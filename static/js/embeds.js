// Click-to-load embeds: nothing is fetched from the video site or the social platform until
// the reader asks.
(function () {
  "use strict";
  var players = {
    youtube: function (id) { return "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"; },
    vimeo: function (id) { return "https://player.vimeo.com/video/" + id + "?dnt=1&autoplay=1"; }
  };
  var validId = /^[A-Za-z0-9_-]{6,12}$/;

  function playVideo(event, link) {
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
  }

  // A platform whose script is already on the page is asked to look at the new post; one
  // without a way to ask gets its script again, which looks at every post on the page.
  var rescan = {
    x: function (post) {
      if (!(window.twttr && window.twttr.widgets && window.twttr.widgets.load)) return false;
      window.twttr.widgets.load(post);
      return true;
    },
    instagram: function () {
      if (!(window.instgrm && window.instgrm.Embeds)) return false;
      window.instgrm.Embeds.process();
      return true;
    }
  };

  function loadScript(platform, address, post) {
    if (!address) return;  // a player in a frame needs no script
    var loaded = document.querySelector('script[data-embed-script="' + platform + '"]');
    if (loaded && rescan[platform] && rescan[platform](post)) return;
    if (loaded && rescan[platform]) return;  // still loading: it will find the post itself
    var script = document.createElement("script");
    script.src = address;
    script.async = true;
    script.dataset.embedScript = platform;
    document.body.appendChild(script);
  }

  // The stored post, kept inert in a <template> until now, in place of the card.
  function loadPost(button) {
    var figure = button.closest(".social-embed");
    var template = figure && figure.querySelector("template.social-embed__post");
    if (!template) return;
    var post = document.createElement("div");
    post.className = "social-embed__loaded";
    post.appendChild(template.content.cloneNode(true));
    post.tabIndex = -1;  // the button is gone: the reader's place moves to the post
    figure.replaceChildren(post);
    figure.classList.add("social-embed--loaded");
    post.focus();
    loadScript(figure.dataset.platform, figure.dataset.script, post);
  }

  document.documentElement.classList.add("embeds-ready");  // shows the Load buttons
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".video-embed a");
    if (link) return playVideo(event, link);
    var button = event.target.closest(".social-embed__load");
    if (button) loadPost(button);
  });
})();
