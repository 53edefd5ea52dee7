"""The tests' publishing settings: testsite.py with an absolute SITEURL, as
publishconf.py is pelicanconf.py with one."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testsite import *  # noqa: E402,F403

CAMPAIGN = {**CAMPAIGN, "register_required": True}  # noqa: F405
SITEURL = os.environ.get("SITEURL", "https://local2210.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
DEPLOY_RSYNC_TARGET = os.environ.get("DEPLOY_RSYNC_TARGET", "deploy@local2210.example.org:/var/www/local2210/")
DEPLOY_GITHUB_REMOTE = os.environ.get("DEPLOY_GITHUB_REMOTE", "origin")
DEPLOY_GITHUB_BRANCH = os.environ.get("DEPLOY_GITHUB_BRANCH", "gh-pages")
