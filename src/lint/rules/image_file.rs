use super::prelude::*;
use crate::model::fields::{fields, images};
use crate::text::markdown_images;

pub const RULE: Rule = Rule {
    id: RuleId::ImageFile,
    summary: "an image file the book cannot use: not PNG or JPEG, too large, damaged, or a link out of media/",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
An image in `media/` that export would refuse: a format other than PNG or
JPEG (told by the file's bytes, not its name: GIF, WebP, SVG, BMP, TIFF), a
picture larger than 40 megapixels or 20,000 pixels a side (read from the
header, before anything is decoded), a damaged file, a JPEG coded in a way
readers cannot show (arithmetic, lossless, hierarchical, 12-bit), or a
symbolic link that leads out of the media folder.

A file is checked by its structure, without decoding a pixel, so that
linting stays fast however many photos the guide has: every PNG chunk whole
with its checksum right, from the header to IEND; every JPEG segment whole,
with scans and the end-of-image marker. That finds a cut-off download, a
flipped bit in a PNG or a file that was never an image. Image data that is
whole but does not decode (rare, made by a broken program) is found when
the PDF is made: export stops with the file and its place.

## Why it matters
Export stops at it; a renamed BMP would be declared a PNG in the e-book
and fail in readers; a huge picture takes gigabytes to decode.

## Example
```yaml
images:
  - file: skiss.bmp
    alt: Skiss av styrkedjan
```

## Use instead
```yaml
images:
  - file: skiss.png
    alt: Skiss av styrkedjan
```
Convert the file (for example `convert skiss.bmp skiss.png`)."#,
};

fn check(rule: &Rule, page: &Page, ctx: &Ctx, sink: &mut Sink) {
    for image in images(page) {
        if let Some(problem) = ctx.image_problem(&image.file) {
            sink.on(rule, page, &image.file, problem).help = Some(HELP.into());
        }
    }
    for field in fields(page).iter().filter(|f| f.kind == FieldKind::Prose) {
        for (_, file, (s, e)) in markdown_images(field.value) {
            if let Some(problem) = ctx.image_problem(file) {
                sink.at(rule, field, s, e, problem).help = Some(HELP.into());
            }
        }
    }
}

const HELP: &str = "save it as PNG or JPEG of a sensible size inside media/";
