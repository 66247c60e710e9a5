'use strict';
// A story's bylines print in the order they are picked ("By A and B"). Select2 leaves a
// byline picked again after being removed at its old place; moving each picked option to
// the end makes the form post them in the order chosen.
django.jQuery(document).on('select2:select', 'select[data-keep-order]', function(event) {
    const id = String(event.params.data.id);
    const option = Array.from(this.options).find((candidate) => candidate.value === id);
    if (option) {
        django.jQuery(this).append(option).trigger('change.select2');
    }
});
