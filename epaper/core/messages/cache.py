"""The messages about .cache/ and the key it is signed with (trust.py, builddb.py, render.py's compiled
layouts): what was not believed, and that the build made it again.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # trust.py
    "trust.key_unusable": {"en": "cannot use this file as the cache key: {error}",
                           "zh-CN": "无法把这个文件用作缓存密钥：{error}"},
    "trust.key_unusable_hint": {
        "en": "Or set {env} to a file of your own outside the paper's folder (it is made if missing).",
        "zh-CN": "也可以把 {env} 设为报纸文件夹以外、属于你自己的一个文件（文件不存在时会自动生成）。",
    },
    "trust.key_not_private": {
        "en": "the cache key must be this user's and readable by no one else (chmod 600 it, or delete it to have "
              "a new one made; {env} names another)",
        "zh-CN": "缓存密钥必须属于当前用户，并且别人都不能读取（请对它执行 chmod 600，或删除它以生成新的；"
                 "也可以用 {env} 指定另一个文件）",
    },
    "trust.key_too_short": {"en": "the cache key is too short: delete it to have a new one made",
                            "zh-CN": "缓存密钥太短：请删除它，以生成新的"},
    "trust.not_trusted": {
        "en": "not trusted: {why}; set aside as {aside}, and everything it held is made again",
        "zh-CN": "不可信：{why}；已改名为 {aside} 放在一边，其中的内容都将重新生成",
    },
    "trust.not_trusted_hint": {"en": "Look at {aside} (someone or something else wrote there), then delete it.",
                               "zh-CN": "请检查 {aside}（有别的人或程序在里面写过文件），然后删除它。"},
    "trust.cache_file_damaged": {
        "en": "damaged: its bytes are not those made from content/{rel} (changed after it was made); it is made "
              "again and not published as it was",
        "zh-CN": "已损坏：它的内容与当初由 content/{rel} 生成的不一致（生成后被改动过）；将重新生成，不会原样发布",
    },
    "trust.cache_file_damaged_hint": {
        "en": "Nothing to do if this happens once; if it comes back, check the disk, or what else writes into .cache/.",
        "zh-CN": "偶尔出现一次无需处理；如果反复出现，请检查磁盘，或查明还有什么程序在写入 .cache/。",
    },
    "trust.not_a_folder": {"en": "it is not a folder", "zh-CN": "它不是文件夹"},
    "trust.other_user": {"en": "it belongs to another user (uid {uid})", "zh-CN": "它属于另一个用户（uid {uid}）"},
    "trust.others_write": {"en": "group or others may write into it (mode {mode})",
                           "zh-CN": "同组用户或其他人可以写入它（权限 {mode}）"},

    # builddb.py
    "state.ignored": {"en": "ignored: {why}; the build makes everything it recorded again",
                      "zh-CN": "已忽略：{why}；构建会把它记录的内容全部重新生成"},
    "state.not_signed": {"en": "it was not written by this user's builds (its signature does not match)",
                         "zh-CN": "它不是当前用户的构建写下的（签名不符）"},
    "state.ignored_hint": {
        "en": "Nothing to do if this happens once; if it comes back, something else writes into .cache/.",
        "zh-CN": "偶尔出现一次无需处理；如果反复出现，说明有别的程序在写入 .cache/。",
    },

    # render.py: the compiled layouts in .cache/jinja/
    "render.compiled_ignored": {
        "en": "ignored: it was not written by this user's builds (its signature does not match); the layout is "
              "compiled again",
        "zh-CN": "已忽略：它不是当前用户的构建写下的（签名不符）；模板将重新编译",
    },
    "render.compiled_ignored_hint": {
        "en": "Nothing to do if this happens once; if it comes back, something else writes into .cache/.",
        "zh-CN": "偶尔出现一次无需处理；如果反复出现，说明有别的程序在写入 .cache/。",
    },
}
