# Story, SourceItem and StoryBand move from the articles app to intake.
#
# State only: the tables (articles_story, articles_sourceitem, articles_storyband) stay
# where they are, with every row, index, constraint and foreign key; the models name
# them with Meta.db_table. articles 0009 then points its foreign keys at the moved models
# and forgets its own copies, again without touching the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0002_source_check_interval_source_consecutive_failures_and_more'),
        ('articles', '0008_source_item_teaser_hash'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Story',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=500)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'verbose_name_plural': 'stories',
                        'db_table': 'articles_story',
                    },
                ),
                migrations.CreateModel(
                    name='SourceItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(help_text='GUID, URL or content hash within the source.', max_length=2000)),
                        ('url', models.URLField(blank=True, max_length=2000)),
                        ('title', models.CharField(max_length=500)),
                        ('outlet', models.CharField(blank=True, max_length=200)),
                        ('text', models.TextField()),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('fetched_at', models.DateTimeField(auto_now_add=True)),
                        ('labels', models.JSONField(blank=True, default=dict, help_text='Section and tags the source suggests: {"section": "…", "tags": ["…"]}; copied onto the article it becomes.')),
                        ('canonical_url', models.CharField(blank=True, max_length=2000)),
                        ('content_hash', models.CharField(max_length=64)),
                        ('teaser_hash', models.CharField(blank=True, default='', help_text="Hash of the feed's teaser when the text was taken from the linked page.", max_length=64)),
                        ('status', models.CharField(choices=[('pending', 'Waiting to be processed'), ('processing', 'Being processed'), ('done', 'Processed'), ('failed', 'Failed')], default='pending', max_length=12)),
                        ('error', models.TextField(blank=True)),
                        ('claimed_at', models.DateTimeField(blank=True, help_text='When a worker took it; stale claims are reclaimed.', null=True)),
                        ('signature', models.JSONField(blank=True, default=list, help_text='MinHash of the text, for near-duplicate matching.')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='intake.source')),
                        ('story', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='items', to='intake.story')),
                    ],
                    options={
                        'db_table': 'articles_sourceitem',
                        'indexes': [
                            models.Index(fields=['status'], name='articles_so_status_91b684_idx'),
                            models.Index(fields=['content_hash'], name='articles_so_content_25f950_idx'),
                            models.Index(fields=['source', 'canonical_url'], name='articles_so_source__4e427b_idx'),
                        ],
                        'constraints': [
                            models.UniqueConstraint(fields=('source', 'key'), name='sourceitem_unique_key'),
                            models.UniqueConstraint(fields=('source', 'content_hash'), name='sourceitem_unique_content'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='StoryBand',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.BigIntegerField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bands', to='intake.sourceitem')),
                    ],
                    options={
                        'db_table': 'articles_storyband',
                        'indexes': [
                            models.Index(fields=['key', 'created_at'], name='articles_st_key_338092_idx'),
                        ],
                    },
                ),
            ],
        ),
    ]
