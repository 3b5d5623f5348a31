#!/usr/bin/env python3
"""Checks the library's layering: no folder of Sources/ASONN uses a name declared in a later
folder. Names are the types, free functions and extension members each folder declares;
a member name declared in several folders (an overload such as predict) is not checked.
Exits 1 and lists each use of a later folder's name; prints the order and "ok" otherwise."""
import pathlib
import re
import sys

ORDER = ["Support", "Data", "Costs", "Model", "Construction", "Prediction", "Studies"]
root = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "ASONN"

def code(path):
    """The file without comments and string literals, so prose cannot count as a use."""
    text = path.read_text()
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"/\*[\s\S]*?\*/", "", text)
    return re.sub(r"//[^\n]*", "", text)

files = {folder: sorted((root / folder).glob("*.swift")) for folder in ORDER}
known = {f for f in root.rglob("*.swift")}
stray = known - {f for fs in files.values() for f in fs}
if stray:
    sys.exit("not in a known folder: " + ", ".join(str(f.relative_to(root)) for f in sorted(stray)))

declared = {}  # name -> folders declaring it
type_pattern = re.compile(r"\b(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z]\w*)")
free_pattern = re.compile(r"^(?:public\s+|private\s+|fileprivate\s+)?func\s+(\w+)", re.M)
member_pattern = re.compile(r"^    (?:@\w+(?:\([^)]*\))?\s+)*(?:public\s+|static\s+|mutating\s+)*"
                            r"(?:func|var|let)\s+(\w+)", re.M)
for folder in ORDER:
    for path in files[folder]:
        text = code(path)
        names = set(type_pattern.findall(text)) | set(free_pattern.findall(text))
        # Members added by extensions of a type declared elsewhere (ASONNModel's, say).
        for block in re.findall(r"^extension [^\n]*\{\n([\s\S]*?)^\}", text, re.M):
            names |= {n for n in member_pattern.findall(block) if len(n) > 3}
        for name in names:
            declared.setdefault(name, set()).add(folder)

# Member names that are also the standard library's or everyday words (contains, input):
# a use of those says nothing about layers.
common = {"contains", "input", "output", "cost", "decode", "encode", "description", "load", "save", "rows", "text"}
problems = []
for index, folder in enumerate(ORDER):
    later = {name for name, folders in declared.items()
             if len(folders) == 1 and name not in common and ORDER.index(next(iter(folders))) > index}
    for path in files[folder]:
        text = code(path)
        for name in sorted(later):
            if re.search(r"(?<![\w.])%s\b|\.%s\b" % (name, name), text):
                owner = next(iter(declared[name]))
                problems.append(f"{path.relative_to(root)} uses {name} from the later folder {owner}/")
print("layers, each using only those before it: " + " -> ".join(ORDER))
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("ok: no folder uses a name declared in a later one")
