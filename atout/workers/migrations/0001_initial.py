from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                (
                    "worker_id",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
                ("host", models.CharField(blank=True, max_length=200)),
                ("pid", models.PositiveIntegerField(default=0)),
                ("started_at", models.DateTimeField()),
                ("seen_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "worker heartbeat",
                "verbose_name_plural": "worker heartbeats",
            },
        ),
    ]
