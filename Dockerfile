# The Airflow image that runs Räkenskaper: the official Airflow 3 image with this project installed.
# docker-compose.yml builds it; see the header there for how a deployment runs it.
FROM apache/airflow:3.3.2-python3.11

# rakenskaper.paths finds dbt_project/ and seeds/ under RAKENSKAPER_HOME. docker-compose.yml mounts the
# checkout's copies over the ones baked in here, so a model change needs no new image.
ENV RAKENSKAPER_HOME=/opt/rakenskaper

USER root
RUN mkdir -p /opt/rakenskaper /data/warehouse /data/sources \
    && chown -R airflow:0 /opt/rakenskaper /data \
    && chmod -R g+rwX /opt/rakenskaper /data
USER airflow

COPY --chown=airflow:0 pyproject.toml README.md /opt/rakenskaper/
COPY --chown=airflow:0 src/ /opt/rakenskaper/src/
# Pin Airflow to the image's own version so that installing the project (with its airflow extra: Cosmos)
# cannot move it.
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" "/opt/rakenskaper[airflow]"

COPY --chown=airflow:0 seeds/ /opt/rakenskaper/seeds/
COPY --chown=airflow:0 dbt_project/ /opt/rakenskaper/dbt_project/
# The manifest Cosmos renders the DAG from, for the project baked in (the compose file re-parses the
# mounted one). Parsing reads no database.
RUN rm -rf /opt/rakenskaper/dbt_project/target /opt/rakenskaper/dbt_project/logs \
    && dbt parse --quiet --project-dir /opt/rakenskaper/dbt_project --profiles-dir /opt/rakenskaper/dbt_project

COPY --chown=airflow:0 dags/ /opt/airflow/dags/
