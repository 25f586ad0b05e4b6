"""Shared by the notebooks: registers a sweep's tables and the analysis views in a SparkSession.

The views come from the same .sql files `bin/sweep report` runs (sweep-driver/src/main/resources/sql), in the order
of sql/analysis-views.txt, so a notebook and the report cannot disagree. The settings (tolerances, chance accuracy,
...) are the ones the last report used: its table analysis_params. Run `bin/sweep report <output>` first (a
`bin/sweep run` does it at its end).
"""
from pathlib import Path

from pyspark.sql import functions as F

SQL_DIR = Path(__file__).resolve().parent.parent / "sweep-driver" / "src" / "main" / "resources" / "sql"
BASE_TABLES = ["trials", "tickets", "epochs"]
# Columns the ticket lab adds; older sweeps lack them, and the SQL expects them (NULL = not measured).
OPTIONAL = {
    "tickets": ["rp_10", "rp_20", "rp_30", "rp_40", "rp_50", "grad_norm_init", "l2_distance", "cosine_distance"],
    "trials": ["dense_rp_10", "dense_rp_20", "dense_rp_30", "dense_rp_40", "dense_rp_50"],
}
REPORT_TABLES = ["verdicts", "correlations", "guidelines"]


def load_sql(name):
    """The text of sql/<name>.sql: one SELECT statement."""
    return (SQL_DIR / f"{name}.sql").read_text()


def analysis_views():
    lines = (SQL_DIR / "analysis-views.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def register(spark, output):
    """Registers trials, tickets, epochs, analysis_params, the analysis views and the report's tables."""
    for table in BASE_TABLES:
        # Only committed batch files; mergeSchema because batches written before and after a column was added
        # differ.
        df = spark.read.option("mergeSchema", "true").parquet(f"{output}/{table}/batch-*.parquet")
        for column in OPTIONAL.get(table, []):
            if column not in df.columns:
                df = df.withColumn(column, F.lit(None).cast("double"))
        df.createOrReplaceTempView(table)
    spark.read.parquet(f"{output}/analysis_params").createOrReplaceTempView("analysis_params")
    for view in analysis_views():
        # Computed once (as `sweep report` does): nested views would otherwise be re-planned inside each other.
        spark.sql(load_sql(view)).localCheckpoint(eager=True).createOrReplaceTempView(view)
    for table in REPORT_TABLES:
        spark.read.parquet(f"{output}/{table}").createOrReplaceTempView(f"report_{table}")
