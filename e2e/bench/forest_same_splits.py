#!/usr/bin/env python3
"""scikit-learn's RandomForestRegressor (one job) on the app's own splits, for `npm run bench -- --only=forest`.

usage: forest_same_splits.py SPLITS.json TREES
SPLITS.json: {"x": rows x features, "y": targets, "splits": [{"seed": s, "train": [...], "test": [...]}]}
(the bench writes it from the app's trainTestSplit, so each split is exactly the rows the app's
run trained and tested on). Prints one JSON line: per split the test RMSE and fit seconds.
Needs Debian's python3 with python3-sklearn (/usr/bin/python3).
"""
import json, sys, time
import numpy as np
from sklearn.ensemble import RandomForestRegressor


def main():
    data = json.load(open(sys.argv[1]))
    trees = int(sys.argv[2])
    x = np.asarray(data["x"], dtype=np.float32)
    y = np.asarray(data["y"], dtype=np.float64)
    out = []
    for split in data["splits"]:
        train, test = np.asarray(split["train"]), np.asarray(split["test"])
        model = RandomForestRegressor(n_estimators=trees, n_jobs=1, random_state=split["seed"])
        t0 = time.perf_counter()
        model.fit(x[train], y[train])
        fit_s = time.perf_counter() - t0
        rmse = float(np.sqrt(((model.predict(x[test]) - y[test]) ** 2).mean()))
        out.append({"seed": split["seed"], "test_rmse": rmse, "fit_s": fit_s})
    print(json.dumps({"trees": trees, "splits": out}))


if __name__ == "__main__":
    main()
