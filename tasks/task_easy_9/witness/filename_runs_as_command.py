# Users choose the names of the files they upload; exporting them must never run those names as commands.
# The malicious name below only creates a marker file in the workspace.
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from exports.archive import ArchiveError, build_archive
from exports.uploads import Upload

root = Path(tempfile.mkdtemp())
upload_dir = root / "uploads" / "1"
upload_dir.mkdir(parents=True)
evil = Upload(id=7, owner_id=1, original_name="q3 report; touch injected_marker")
plain = Upload(id=8, owner_id=1, original_name="notes.txt")
for upload in (evil, plain):
    (upload_dir / upload.stored_name).write_text("quarterly numbers\n")

dest = root / "export-1.tar.gz"
try:
    build_archive(upload_dir, [evil, plain], dest)
except (ArchiveError, OSError, subprocess.SubprocessError):
    pass
markers = [path for path in (Path("injected_marker"), upload_dir / "injected_marker") if path.exists()]
assert not markers, f"an upload's file name was run as a shell command: it created {markers}"

if shutil.which("tar"):
    with tarfile.open(dest) as archive:
        names = sorted(archive.getnames())
    assert names == ["7-q3 report; touch injected_marker", "8-notes.txt"], names
