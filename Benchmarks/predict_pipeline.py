"""The Python pipeline `asonn predict` is compared with: pandas' read_csv, a scikit-learn
decision tree's predict and to_csv of the same columns asonn writes (line, prediction, actual).

    python Benchmarks/predict_pipeline.py TRAIN.csv DATA.csv OUT.csv

The tree is fitted on TRAIN.csv first (not timed); then read, predict and write are timed
one after the other. Prints one line: "read SECONDS predict SECONDS write SECONDS total SECONDS".
"""
import sys
import time

import pandas as pd
from sklearn.tree import DecisionTreeClassifier

train_path, data_path, out_path = sys.argv[1:4]
train = pd.read_csv(train_path)
target = train.columns[-1]
tree = DecisionTreeClassifier(random_state=0).fit(train.drop(columns=[target]), train[target])

start = time.perf_counter()
data = pd.read_csv(data_path)
read = time.perf_counter()
predicted = tree.predict(data.drop(columns=[target]))
scored = time.perf_counter()
# The line each row is on (header on line 1), as asonn's CSV output has it.
pd.DataFrame({"line": range(2, len(data) + 2), "prediction": predicted, "actual": data[target]}).to_csv(
    out_path, index=False)
written = time.perf_counter()
print(f"read {read - start:.3f} predict {scored - read:.3f} write {written - scored:.3f} total {written - start:.3f}")
