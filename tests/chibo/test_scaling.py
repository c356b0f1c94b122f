"""Redis (cache, sessions, task queue) and S3 storage, configured from the environment."""

from __future__ import annotations

import boto3
import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client, override_settings
from moto import mock_aws

from tests.chibo.test_settings import load_settings

REDIS = "redis://127.0.0.1:6379/15"


def settings_value(expression: str, **env: str) -> str:
    result = load_settings(**env, _EXPR=expression)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_redis_url_puts_the_cache_on_redis():
    value = settings_value("s.CACHES['default']['BACKEND']", REDIS_URL=REDIS)
    assert value == "django.core.cache.backends.redis.RedisCache"


def test_redis_url_puts_sessions_on_redis_backed_by_the_database():
    value = settings_value("s.SESSION_ENGINE", REDIS_URL=REDIS)
    assert value == "django.contrib.sessions.backends.cached_db"


def test_redis_url_puts_the_task_queue_on_redis():
    assert settings_value("s.HUEY['huey_class']", REDIS_URL=REDIS) == "huey.RedisHuey"


def test_without_redis_a_server_queues_tasks_in_sqlite():
    assert settings_value("s.HUEY['huey_class']") == "huey.SqliteHuey"


def test_without_redis_a_server_shares_a_file_cache_between_workers():
    value = settings_value("s.CACHES['default']['BACKEND']")
    assert value == "django.core.cache.backends.filebased.FileBasedCache"


def test_s3_bucket_moves_uploads_to_s3():
    value = settings_value("s.STORAGES['default']['BACKEND']", S3_BUCKET="chibo-files")
    assert value == "storages.backends.s3.S3Storage"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must start"),
        ({"TASK_QUEUE": "celery"}, "TASK_QUEUE must be"),
        ({"TASK_QUEUE": "redis"}, "TASK_QUEUE=redis needs REDIS_URL"),
    ],
)
def test_bad_scaling_values_are_refused(env, message):
    result = load_settings(**env)
    assert result.returncode != 0 and message in result.stderr


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS,
        "KEY_PREFIX": "chibo-test",
    }
}


@override_settings(CACHES=REDIS_CACHE)
def test_the_redis_cache_stores_and_reads_on_the_local_server():
    cache = caches.create_connection("default")
    cache.set("greeting", "xin chào", 30)
    assert cache.get("greeting") == "xin chào"


@override_settings(CACHES=REDIS_CACHE, SESSION_ENGINE="django.contrib.sessions.backends.cache")
def test_a_session_kept_only_in_redis_keeps_the_user_signed_in(world):
    caches.close_all()
    client = Client()
    client.force_login(world.member.user)
    assert client.get("/").status_code == 200


S3_STORAGE = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "chibo-test",
            "region_name": "us-east-1",
            "access_key": "test",
            "secret_key": "test",
            "default_acl": "private",
            "file_overwrite": False,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def s3():
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="chibo-test")
        with override_settings(STORAGES=S3_STORAGE):
            storages._storages = {}
            yield storages["default"]
        storages._storages = {}


def test_uploaded_files_round_trip_through_s3(s3):
    name = s3.save("attachments/thu.txt", ContentFile("Biên bản".encode()))
    assert s3.open(name).read().decode() == "Biên bản"


def test_s3_files_are_private(s3):
    name = s3.save("attachments/private.txt", ContentFile(b"x"))
    acl = boto3.client("s3", region_name="us-east-1").get_object_acl(Bucket="chibo-test", Key=name)
    assert all(
        g["Permission"] != "READ" or "AllUsers" not in str(g["Grantee"]) for g in acl["Grants"]
    )


def test_behind_pgbouncer_server_side_cursors_are_off():
    value = settings_value(
        "s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS')",
        DATABASE_URL="postgres://u:p@127.0.0.1:6432/chibo",
        DB_PGBOUNCER="true",
    )
    assert value == "True"
