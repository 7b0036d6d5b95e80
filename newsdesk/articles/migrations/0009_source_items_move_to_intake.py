# Story, SourceItem and StoryBand now belong to intake (intake 0003).
#
# State only, like intake 0003: the foreign keys of Article, Attribution and RunRecord
# keep their columns and constraints, which already point at the table the moved
# SourceItem uses (articles_sourceitem); the old model states are dropped without
# dropping a table. Altering the fields for real would rebuild articles_article and
# friends on SQLite for no change at all.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_source_item_teaser_hash'),
        ('intake', '0003_take_over_source_items'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='article',
                    name='source_item',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='intake.sourceitem'),
                ),
                migrations.AlterField(
                    model_name='attribution',
                    name='source_item',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attributions', to='intake.sourceitem'),
                ),
                migrations.AlterField(
                    model_name='runrecord',
                    name='source_item',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='runs', to='intake.sourceitem'),
                ),
                migrations.DeleteModel(name='StoryBand'),
                migrations.DeleteModel(name='SourceItem'),
                migrations.DeleteModel(name='Story'),
            ],
        ),
    ]
