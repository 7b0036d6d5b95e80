"""The guard classifier's score, stored with each article's and version's verdict."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_stories_canonical_urls_claims"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="guard_score",
            field=models.FloatField(
                blank=True,
                help_text="The guard classifier's probability of unsupported content (LLM rewrites).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="articleversion",
            name="guard_score",
            field=models.FloatField(
                blank=True,
                help_text="The guard classifier's probability of unsupported content (LLM rewrites).",
                null=True,
            ),
        ),
    ]
