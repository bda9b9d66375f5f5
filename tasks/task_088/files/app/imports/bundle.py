"""Catalogue bundles: one zip with products.csv at the top and the product pictures under images/.

Every file under images/ is copied to the supplier's media folder, <media_root>/suppliers/<id>/,
keeping its sub-folders. A product's image names a picture in the bundle or one that an earlier
bundle already put in the supplier's folder; a product whose picture is in neither is skipped. The bundle is checked as a whole before anything is written: a bundle with a picture that is too
big, of the wrong type or with an unusable name changes nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import zipfile

from app.config import Settings
from app.imports.catalogue import CatalogueError, Product, catalogue_from_bundle, save_products

IMAGE_DIR = "images/"
IMAGE_EXTENSIONS = frozenset({".gif", ".jpeg", ".jpg", ".png", ".webp"})
MAX_IMAGES = 2_000
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGES_TOTAL_BYTES = 500 * 1024 * 1024
CHUNK = 64 * 1024


class BundleError(CatalogueError):
    pass


def import_bundle(db: sqlite3.Connection, settings: Settings, supplier_id: int, data: bytes) -> dict:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError("the file is not a zip archive") from None
    try:
        with zf:
            products, problems = catalogue_from_bundle(zf)
            root = supplier_media(settings, supplier_id)
            images = _plan_images(zf, root)
            names = {info.filename[len(IMAGE_DIR):] for info, _ in images}
            ready, missing = split_missing_pictures(root, products, also_present=names)
            problems += missing
            for info, target in images:
                _extract(zf, info, target)
    # zipfile raises RuntimeError for encrypted members, NotImplementedError for unknown compression.
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        raise BundleError(f"the archive cannot be read: {exc}") from None
    save_products(db, supplier_id, ready)
    return {"imported": len(ready), "images": len(images), "skipped": problems}


def supplier_media(settings: Settings, supplier_id: int) -> str:
    return os.path.join(settings.media_root, "suppliers", str(supplier_id))


def split_missing_pictures(
    root: str, products: list[Product], also_present: frozenset[str] | set[str] = frozenset()
) -> tuple[list[Product], list[str]]:
    """The products whose picture (if any) exists, and a problem line for each of the others.

    Product.image matched catalogue.IMAGE_RE, so it is a relative path without dot segments."""
    ready: list[Product] = []
    problems: list[str] = []
    for product in products:
        image = product.image
        if image is None or image in also_present or os.path.isfile(os.path.join(root, image)):
            ready.append(product)
        else:
            problems.append(f"{product.sku}: picture {image} is neither in the bundle nor uploaded before")
    return ready, problems


def _plan_images(zf: zipfile.ZipFile, root: str) -> list[tuple[zipfile.ZipInfo, str]]:
    """Every picture of the bundle with the path it will be written to; raises if one is unusable."""
    members = [i for i in zf.infolist() if i.filename.startswith(IMAGE_DIR) and not i.is_dir()]
    if len(members) > MAX_IMAGES:
        raise BundleError(f"more than {MAX_IMAGES} images")
    planned = []
    total = 0
    for info in members:
        name = info.filename
        if os.path.splitext(name)[1].lower() not in IMAGE_EXTENSIONS:
            raise BundleError(f"{name}: only {', '.join(sorted(IMAGE_EXTENSIONS))} pictures are accepted")
        if info.file_size > MAX_IMAGE_BYTES:
            raise BundleError(f"{name}: pictures can be at most {MAX_IMAGE_BYTES // 2**20} MB")
        total += info.file_size
        if total > MAX_IMAGES_TOTAL_BYTES:
            raise BundleError(f"the pictures add up to more than {MAX_IMAGES_TOTAL_BYTES // 2**20} MB")
        relative = name[len(IMAGE_DIR):]
        if relative.startswith(("/", "..")) or "\\" in relative:
            raise BundleError(f"{name}: not a valid picture path")
        planned.append((info, os.path.join(root, relative)))
    return planned


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: str) -> None:
    """Copy one member to `target`, never writing more than the size it declared."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    part = target + ".part"
    left = info.file_size
    try:
        with zf.open(info) as src, open(part, "wb") as out:
            while chunk := src.read(min(CHUNK, left + 1)):
                left -= len(chunk)
                if left < 0:
                    raise BundleError(f"{info.filename}: larger than its declared size")
                out.write(chunk)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        raise
