"""Publishing settings: everything in pelicanconf.py, with an absolute SITEURL."""

import os
import sys

# First on the path: run from another folder, this must still import our own
# pelicanconf.py, not one that happens to sit in the working folder.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

# Publishing never goes on without the storyteller register.
CAMPAIGN = {**CAMPAIGN, "register_required": True}  # noqa: F405

SITEURL = os.environ.get("SITEURL", "https://local2210.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# Deploy targets (see `invoke publish`).
DEPLOY_RSYNC_TARGET = os.environ.get("DEPLOY_RSYNC_TARGET", "deploy@local2210.example.org:/var/www/local2210/")
DEPLOY_GITHUB_REMOTE = os.environ.get("DEPLOY_GITHUB_REMOTE", "origin")
DEPLOY_GITHUB_BRANCH = os.environ.get("DEPLOY_GITHUB_BRANCH", "gh-pages")
